"""The API's views: each parses its input, calls one service or selector, and gives the answer."""
