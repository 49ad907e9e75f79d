"""Ranking of redevelopment sites and parcels (OTB 3D): facts → criteria → scores.

- ``facts``: what a parcel or a site *is* (vacancy, condition, unused capacity,
  willingness…), read from the current survey values and the derived figures, NaN when
  unknown; how parcel facts combine into site facts.
- ``criteria``: each criterion a documented 0–1 sub-score (1 = more promising for
  redevelopment) on one of two axes, urgentie or kansrijkheid; constraints as flags.
- ``weights``: named weight profiles and park priorities.
- ``engine``: weighted mean over the criteria that have data, completeness, explanation,
  deterministic ranking (vectorised with NumPy).
- ``sensitivity``: reproducible weight perturbations and the share of trials in the top N.
"""
