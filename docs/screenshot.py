#!/usr/bin/env python3
"""Retake docs/screenshot.png, the picture at the top of the README.

    python3 dev.py                      # in one terminal: the demo site
    .venv/bin/python docs/screenshot.py # in another

Opens the running site's home page in Debian's Chromium (CHROMIUM_PATH
overrides /usr/bin/chromium) at 1280 x 800, as a visitor, and saves the
first screen. `--url` points it at another address.
"""

import argparse
import os
from pathlib import Path

from playwright.sync_api import sync_playwright

OUTPUT = Path(__file__).resolve().parent / "screenshot.png"
VIEWPORT = {"width": 1280, "height": 800}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000/")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
            args=["--no-sandbox", "--disable-background-networking"],
        )
        page = browser.new_page(viewport=VIEWPORT)
        page.goto(args.url, wait_until="networkidle")
        # Lazy pictures below the first screen do not matter; those on it do.
        page.wait_for_function(
            "[...document.images].every(img => img.complete || img.loading === 'lazy')"
        )
        page.screenshot(path=str(args.output))
        browser.close()
    print(f"Saved {args.output}")


if __name__ == "__main__":
    main()
