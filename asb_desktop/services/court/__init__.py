"""The court door: notices (approval, pack, service) and court bundles."""
