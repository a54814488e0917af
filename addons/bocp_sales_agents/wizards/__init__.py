from . import bocp_agent_add_wizard
