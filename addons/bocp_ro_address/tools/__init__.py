from .ro_address import county_key, find_sector, sector_from_zip
