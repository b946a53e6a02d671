// Load harness: written by the performance work (issue 12).
return 0;
