"""The synthetic demo data set: invented business parks around Hengelo, clearly labelled.

``generator.generate`` fills an empty database with it; the other modules draw its parts
(``layout`` geometry, ``addresses``, ``buildings``, ``survey`` observations, ``sites``).
"""
