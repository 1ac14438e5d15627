"""Units (the county government, its departments and townships) and who works in them."""
