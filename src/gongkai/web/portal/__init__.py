"""The public portal: units and their guides, the catalogue, published annual reports, applying online and following an application."""
