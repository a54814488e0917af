from . import test_creation_message
