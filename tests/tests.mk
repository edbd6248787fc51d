tests-clean:
