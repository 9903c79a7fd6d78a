"""Pages. Thin: parse input with a form, call one service or selector, render."""
