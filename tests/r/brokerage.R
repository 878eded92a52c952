# Reference values of sna::brokerage for helixnet's tests (tests/test_brokerage.py).
#
# Usage: Rscript tests/r/brokerage.R EDGES CLASSES OUT [directed|undirected]
#
#   EDGES    CSV with columns source,target: 1-based node positions, one row per arc
#            (directed) or per edge (undirected); a row with source == target is a loop.
#   CLASSES  CSV with column class: one row per node, in node order (defines N).
#   OUT      CSV written here, columns scope,measure,w_I,w_O,b_IO,b_OI,b_O,t:
#            scope = node position (1-based) or "global"; measure = raw, expected, sd or z;
#            plus one row scope = "global", measure = "density" (value in every column).
#            Numbers are written with 17 significant digits; NaN, Inf, -Inf as such.
#   mode     "directed" (default): the arcs as given; "undirected": each edge becomes
#            two arcs (a loop one), i.e. a symmetric adjacency matrix, as sna expects.
suppressPackageStartupMessages(library(sna))

args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 3) stop("usage: brokerage.R EDGES CLASSES OUT [directed|undirected]")
mode <- if (length(args) >= 4) args[4] else "directed"
if (!mode %in% c("directed", "undirected")) stop("mode must be directed or undirected")

edges <- read.csv(args[1], colClasses = c("integer", "integer"))
cl <- read.csv(args[2], colClasses = "character")$class
N <- length(cl)

# an sna edge list (columns sender, receiver, value; attribute n), so that large graphs
# need no N x N matrix; an undirected edge is two arcs, a loop one (as the rows of a
# symmetric adjacency matrix)
snd <- edges$source
rec <- edges$target
if (mode == "undirected") {
  proper <- snd != rec
  snd <- c(edges$source, edges$target[proper])
  rec <- c(edges$target, edges$source[proper])
}
g <- cbind(snd, rec, rep(1, length(snd)))
attr(g, "n") <- N
if (anyDuplicated(g[, 1:2])) stop("duplicate arcs in ", args[1])

b <- brokerage(g, cl)
d <- nrow(g) / (N * (N - 1))  # the density brokerage() uses: m / (N (N - 1))

fmt <- function(x) ifelse(is.nan(x), "NaN", ifelse(is.infinite(x), ifelse(x > 0, "Inf", "-Inf"),
                                                  formatC(x, digits = 17, format = "g")))
block <- function(values, scope, measure) {
  values <- matrix(values, ncol = 6)
  out <- data.frame(scope = scope, measure = measure, stringsAsFactors = FALSE)
  for (j in 1:6) out[[c("w_I", "w_O", "b_IO", "b_OI", "b_O", "t")[j]]] <- fmt(values[, j])
  out
}
nodes <- as.character(seq_len(N))
out <- rbind(
  block(b$raw.nli, nodes, "raw"),
  block(b$exp.nli, nodes, "expected"),
  block(b$sd.nli, nodes, "sd"),
  block(b$z.nli, nodes, "z"),
  block(b$raw.gli, "global", "raw"),
  block(b$exp.gli, "global", "expected"),
  block(b$sd.gli, "global", "sd"),
  block(b$z.gli, "global", "z"),
  block(rep(d, 6), "global", "density")
)
write.csv(out, args[3], row.names = FALSE, quote = FALSE)
