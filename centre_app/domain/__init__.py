"""Pure business rules and value types: standard library and babel only."""
