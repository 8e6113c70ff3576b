"""Physical constants used across diffkit (SI, CODATA 2018 exact values)."""

R = 8.314462618  # molar gas constant, J/(mol K)
K_B = 1.380649e-23  # Boltzmann constant, J/K
N_AVOGADRO = 6.02214076e23  # 1/mol
FARADAY = 96485.33212  # C/mol
EV = 1.602176634e-19  # J per electron-volt
