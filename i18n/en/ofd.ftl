## The OFD backend (--format ofd): GB/T 33190-2016, from the PDF's layout.

ofd-failed = cannot write the OFD of { $what }: { $reason }
ofd-failed-help = the PDF of the same layout can still be built with --format pdf; report this with the charter
