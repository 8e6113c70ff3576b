"""diffkit: the physics library of the diffkit course on interdiffusion in solids.

Modules
-------
thermo    solution models: Gibbs energy of mixing, activities, thermodynamic factor
kinetics  Arrhenius, correlation factors, Darken's and Manning's relations
couple    the diffusion-couple solver with Kirkendall markers
plotting  the course's figure style
apps      the interactive widget apps used in the lectures

All quantities are SI: m, s, m^2/s, J/mol, K.
"""

__version__ = "0.1.0"
