"""Selection and cropping: the output is one part of the input, picked by position, frame or content."""
