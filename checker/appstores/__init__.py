"""App-store availability: is a firm's app sold in a locale's storefront? (Apple lookup, Google Play)."""
