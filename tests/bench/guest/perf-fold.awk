# make bench PROFILE=1, guest side: fold `perf script -F
# comm,event,trace,ip,sym` of `perf record -a -g -e cpu-clock[:I] -e
# sched:sched_waking -e sched:sched_switch` into lines prefixed with pfx:
#   samples TOTAL IDLE          cpu-clock samples, and those of an idle CPU
#                               (0 when the idle task is not sampled)
#   switches N                  context switches
#   fn INCL SELF NAME           busy samples with NAME anywhere in the chain
#                               (counted once per sample) and at the leaf
#   comm N COMM                 busy samples per thread (digits as N)
#   wake N WAKER WAKEE SITE     wake-ups: waking thread, woken thread, and the
#                               first two callers outside the scheduler
#                               core's wake-up functions
# A sample is idle when it is the idle task's with an idle or halt function
# at the leaf (an interrupt taken while idle is busy).

function norm(c) {
	gsub(/[0-9]+/, "N", c)
	return c
}

function flush(i, leaf, site, k) {
	if (ev == "")
		return
	if (ev == "cpu-clock") {
		total++
		leaf = nf ? fr[1] : "[unknown]"
		if (comm ~ /^swapper/ && leaf ~ /idle|halt/) {
			idle++
		} else {
			self[leaf]++
			split("", seen)
			for (i = 1; i <= nf; i++) {
				if (!(fr[i] in seen)) {
					seen[fr[i]] = 1
					incl[fr[i]]++
				}
			}
			bycomm[norm(comm)]++
		}
	} else if (ev == "sched:sched_switch") {
		switches++
	} else if (ev == "sched:sched_waking") {
		site = ""
		k = 0
		for (i = 1; i <= nf && k < 2; i++) {
			if (fr[i] ~ /^(ttwu_|try_to_wake_up$|wake_up_process$|wake_up_q$|default_wake_function$|autoremove_wake_function$|woken_wake_function$|__wake_up|wake_up_state$|swake_up|\[unknown\]$)/)
				continue
			site = site (k ? "<" : "") fr[i]
			k++
		}
		wake[norm(comm) " " norm(wakee) " " (site == "" ? "-" : site)]++
	}
	ev = ""
	nf = 0
}

/^[^ \t]/ {
	flush()
	# COMM may hold spaces: the event is the first field ending in ':'
	# that names one of ours.
	for (i = 1; i <= NF; i++)
		if ($i ~ /^(cpu-clock(:I)?|sched:sched_waking|sched:sched_switch):$/)
			break
	if (i > NF)
		next
	ev = substr($i, 1, length($i) - 1)
	sub(/:I$/, "", ev)
	comm = $1
	for (j = 2; j < i; j++)
		comm = comm "_" $j
	wakee = ""
	if (match($0, /comm=.* pid=/))
		wakee = substr($0, RSTART + 5, RLENGTH - 10)
	gsub(/ /, "_", wakee)
	next
}

/^[ \t]+[0-9a-f]+ / {
	sym = $2
	for (j = 3; j <= NF; j++)
		if ($j !~ /^\(/)
			sym = sym "_" $j
	sub(/\+0x[0-9a-f]+$/, "", sym)
	# one frame for a run of unresolved (userspace) ones
	if (sym == "[unknown]" && nf && fr[nf] == sym)
		next
	fr[++nf] = sym
	next
}

END {
	flush()
	print pfx, "samples", total + 0, idle + 0
	print pfx, "switches", switches + 0
	# what makes up at least 0.2% of the busy samples
	min = (total - idle) / 500
	if (min < 2)
		min = 2
	for (f in incl)
		if (incl[f] >= min)
			print pfx, "fn", incl[f], self[f] + 0, f
	for (c in bycomm)
		print pfx, "comm", bycomm[c], c
	for (w in wake)
		print pfx, "wake", wake[w], w
}
