"""Mirror and rotation symmetry: pictures completed, holes filled or symmetric parts picked by their symmetry."""
