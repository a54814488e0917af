from . import fields
from . import models
from . import tools
