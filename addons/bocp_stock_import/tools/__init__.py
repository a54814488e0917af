from . import columns, table_reader, values
