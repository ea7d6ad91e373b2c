// Placeholder entry point: the host helper replaces this file.
return 0;
