from core.models import BasePage


class HomePage(BasePage):
    template = "home/home_page.html"
    max_count = 1
