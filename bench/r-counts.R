# The count tables of the platform, computed in base R over responses.csv: for every wave x unit
# x reporting group (all, gender, age band, personnel type, rank group) x item x answer, how many
# respondents. Prints the seconds for reading and for counting.
args <- commandArgs(trailingOnly = TRUE)
t_read <- system.time(d <- read.csv(args[1], colClasses = "character", na.strings = ""))[["elapsed"]]
t_count <- system.time({
  g <- function(x) ifelse(is.na(x) | x == "zeg_niet", "onbekend", x)
  d$gender <- g(d$gender); d$age_band <- g(d$age_band); d$personnel_type <- g(d$personnel_type)
  d$rank_group <- ifelse(!is.na(d$rank_mil) & d$rank_mil != "zeg_niet", d$rank_mil,
                  ifelse(!is.na(d$scale_civ) & d$scale_civ != "zeg_niet", d$scale_civ, "onbekend"))
  meta <- c("response_id", "wave", "unit", "submitted_on")
  items <- setdiff(names(d), c(meta, "rank_group"))
  cells <- 0
  for (dim in c("all", "gender", "age_band", "personnel_type", "rank_group")) {
    grp <- if (dim == "all") rep("all", nrow(d)) else d[[dim]]
    for (it in items) {
      x <- d[[it]]
      ok <- !is.na(x)
      a <- aggregate(list(n = rep(1L, sum(ok))), by = list(wave = d$wave[ok], unit = d$unit[ok], group = grp[ok], value = x[ok]), FUN = length)
      cells <- cells + nrow(a)
    }
  }
})[["elapsed"]]
cat(sprintf('{"rows": %d, "readSeconds": %.1f, "countSeconds": %.1f, "cells": %d}\n', nrow(d), t_read, t_count, cells))
