"""Reading data from outside into the local database.

``gis`` imports parcels, buildings and park boundaries from GIS files (BRK and BAG as PDOK
publishes them, or any GeoPackage/GML/GeoJSON with a mapping file); ``observations`` imports
survey values from spreadsheets. Each import runs in one transaction: all or nothing.
"""
