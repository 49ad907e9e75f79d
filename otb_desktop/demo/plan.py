"""What the synthetic demo parks look like: where they lie, how big, which streets.

Invented, but shaped after Hengelo: the Westermaat parks west of the town by the A1/A35, the
Twentekanaal parks south by the canal, Oosterveld in the east, Timmersveld and Zeggershoek in
the north. Positions are RD New (EPSG:28992) anchors; the generator moves parks apart where
their blocks would touch. Nothing here describes a real parcel, building or address.
"""

from __future__ import annotations

from dataclasses import dataclass

from otb_desktop.domain.parks import Profile

DEMO_SOURCE = "DEMO (synthetisch)"
DEMO_AUTHOR = "Demo-generator"
DEMO_DEVICE_ID = "018cc251-f400-7000-8000-00000000de30"
AUTHORS = ("Demo: A. Jansen", "Demo: M. de Vries", "Demo: S. Bakker", "Demo: R. Kok",
           "Demo: L. Visser")
TOWN = "Hengelo"


@dataclass(frozen=True)
class ParkPlan:
    anchor: tuple[float, float]  # RD New x, y of the park's centre
    angle_deg: float  # the street grid's rotation
    aspect: float  # width / height of the grid
    weight: float  # relative size: shares of the parcels
    akr_code: str
    section: str
    era: tuple[int, int]  # when most buildings went up
    streets: tuple[str, ...]


PARK_PLANS: dict[str, ParkPlan] = {
    "Oosterveld & Weijinkshoek": ParkPlan(
        (255_000, 476_900), 6.0, 1.2, 1.3, "HGL01", "K", (1968, 2005),
        ("Oostervelderweg", "Smederijstraat", "Ambachtsweg", "Gietersweg", "Draaierstraat",
         "Weijinksweg")),
    "Timmersveld & Roershoek": ParkPlan(
        (250_300, 479_800), -4.0, 1.5, 1.1, "HGL01", "F", (1972, 2008),
        ("Timmerstraat", "Roershoekweg", "Zagerijweg", "Houtweg", "Schaafstraat", "Balkweg")),
    "Twentekanaal Noord 1 & 2": ParkPlan(
        (251_400, 474_600), -9.0, 1.8, 1.5, "HGL01", "N", (1960, 1995),
        ("Twentekanaalweg", "Havenweg", "Laadkade", "Scheepvaartweg", "Werfstraat",
         "Sluisweg")),
    "Twentekanaal Zuid 1 & 2": ParkPlan(
        (252_100, 473_300), -9.0, 2.0, 1.4, "HGL01", "P", (1962, 2000),
        ("Kanaaldijk-Zuid", "Binnenhaven", "Losweg", "Kraanbaan", "Ketelstraat", "Ankerweg")),
    "Westermaat Campus": ParkPlan(
        (248_900, 477_000), 3.0, 1.0, 0.6, "HGL02", "A", (2004, 2023),
        ("Campuslaan", "Innovatieweg", "Sensorstraat", "Fotonicaweg", "Kennispad")),
    "Westermaat De Veldkamp (Hengeloos deel)": ParkPlan(
        (247_600, 476_300), 2.0, 0.9, 0.8, "HGL02", "B", (1990, 2020),
        ("Veldkampweg", "Esweg", "Kampstraat", "Akkerweg")),
    "Westermaat Express": ParkPlan(
        (249_900, 476_200), 5.0, 1.3, 0.5, "HGL02", "C", (1995, 2022),
        ("Expresweg", "Transportweg", "Vrachtstraat", "Logistiekweg")),
    "Westermaat Zuidoost": ParkPlan(
        (249_500, 475_100), 4.0, 1.2, 0.7, "HGL02", "D", (1988, 2015),
        ("Westermaatweg", "Handelsweg", "Marktstraat", "Beursweg")),
    "Westermaat Zuidwest & KWII": ParkPlan(
        (247_900, 474_900), 1.0, 1.4, 1.2, "HGL02", "E", (1992, 2021),
        ("Technologiestraat", "Mechatronicaweg", "Robotweg", "Systeemstraat",
         "Kanaalweg-West")),
    "Zeggershoek-Fabelenweg": ParkPlan(
        (252_800, 479_900), -2.0, 1.3, 0.9, "HGL01", "G", (1965, 2002),
        ("Fabelenweg", "Zeggershoekweg", "Sagenstraat", "Vertellersweg", "Mythestraat")),
    "Anninks-/Nijhofshoek": ParkPlan(
        (254_900, 479_300), 8.0, 1.2, 0.25, "HGL01", "L", (1970, 2000),
        ("Anninksweg", "Nijhofshoekweg", "Erfstraat")),
    "Gezondheidspark": ParkPlan(
        (254_000, 474_700), -5.0, 1.0, 0.2, "HGL01", "M", (1995, 2020),
        ("Zorgweg", "Welzijnslaan", "Vitaliteitsweg")),
    "Westermaat De Veldkamp (Borns deel)": ParkPlan(
        (246_800, 477_400), 2.0, 1.0, 0.15, "HGL02", "H", (1995, 2018),
        ("Bornsestraat", "Grensweg", "Veldkampweg-West")),
    "Westermaat Plein": ParkPlan(
        (248_300, 478_000), 0.0, 1.3, 0.1, "HGL02", "G", (2000, 2015),
        ("Westermaatplein", "Pleinweg")),
}


@dataclass(frozen=True)
class Style:
    """How a settlement profile shapes its parcels (sizes in m)."""

    median_area: float  # of a parcel
    area_sigma: float  # lognormal spread of parcel areas
    depth: tuple[float, float]  # of one row of parcels behind a street
    block_width: tuple[float, float]
    full_depth_share: float  # blocks not split in two rows: the big plots


STYLES: dict[Profile, Style] = {
    Profile.MIXED: Style(2_200, 0.6, (36, 65), (140, 240), 0.08),
    Profile.HIGHTECH: Style(3_000, 0.6, (45, 80), (160, 260), 0.10),
    Profile.HEAVY: Style(4_200, 0.7, (55, 95), (180, 300), 0.20),
}
