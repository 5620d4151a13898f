"""Importing a Hugo site into polyblog (`blog import hugo`): its content, configuration and
shortcode templates."""
