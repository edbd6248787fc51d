bench-clean:
