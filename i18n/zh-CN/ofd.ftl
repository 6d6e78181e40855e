## OFD 输出（--format ofd）：按 GB/T 33190-2016，取自 PDF 的同一排版。

ofd-failed = 无法写出 { $what } 的 OFD：{ $reason }
ofd-failed-help = 同一排版的 PDF 仍可用 --format pdf 生成；请连同章程报告此问题
