from newsetl.cli import main

# Guarded: processes spawned by the pipeline (pipeline/infra/workers.py) import this module again.
if __name__ == "__main__":
    raise SystemExit(main())
