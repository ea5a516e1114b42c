"""What an expert sees of other people's pages in the Wagtail admin."""
