"""OTB Desktop: survey, rank and print redevelopment sites of Hengelo's business parks."""

__version__ = "0.1.0"
