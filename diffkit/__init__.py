"""diffkit: the physics library of the diffkit course on interdiffusion in solids.

Modules
-------
thermo         solution models: Gibbs energy of mixing, activities, thermodynamic factor
kinetics       vacancies and jumps, Arrhenius, correlation factors, Darken's and Manning's relations
couple         the diffusion-couple solver with Kirkendall markers
analysis       inverse analysis of profiles: Boltzmann-Matano, Sauer-Freise, Heumann / van Loo
cahn_hilliard  phase separation inside the spinodal (uphill diffusion)
spherical      the couple solver in a sphere: hollow nanocrystals
voids          Kirkendall porosity from the vacancy flux
kmc            kinetic Monte Carlo: correlation factors, the vacancy walk, the random alloy (vacancy wind)
intercalation  Li in an electrode host: open-circuit voltage, thermodynamic factor, chemical diffusivity
electrolyte    a salt's ions coupled by electroneutrality: ambipolar diffusivity, junction potential
data           measured data with sources (self-diffusion, vacancies, lattices, Kirkendall 1947)
plotting       the course's figure style
apps           the interactive widget apps used in the lectures
environment    a check of the installed packages

All quantities are SI: m, s, m^2/s, J/mol, K.
"""

__version__ = "0.1.0"
