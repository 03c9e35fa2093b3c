"""Scale-out engines for coding large corpora (Ray Data); optional, see `ray_engine`."""
