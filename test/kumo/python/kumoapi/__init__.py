"""Contract stand-in for kumoapi (the enums the SDK's users import)."""
