"""The Processing provider ``reseg`` and its algorithms."""
