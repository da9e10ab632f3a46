"""The commands (``yeji …``): the top floor, calling the presentation and the domain below it."""
