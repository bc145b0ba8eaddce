# sendto from a server driver (rpmsg_bus/samples/amp_rpmsg_server.c): bound
# to the sim's sendto channel, it sends from four extra endpoints to the
# echo service (host to remote, to an address that is not the channel's),
# and has the sendto service send one message to each of them (remote to
# host); the channel's "result" attribute counts what came back where.
if ! modinfo amp_rpmsg_server >/dev/null 2>&1; then
	fail sendto.module "amp_rpmsg_server.ko not in the guest"
	return 0
fi
check sendto.modprobe modprobe amp_rpmsg_server
start dsp
wait_for 20 has_channel amp-sim-sendto
res() { cat "/sys/bus/amp_rpmsg/devices/$(channels amp-sim-sendto | head -n 1)/result" 2>/dev/null; }
done_() { case "$(res)" in "fanout 4/4 echo 4/4 "*) return 0 ;; esac; return 1; }
wait_for 10 done_
r=$(res)
case "$r" in
*"fanout 4/4"*) ok sendto.remote-to-host-endpoints ;;
*) fail sendto.remote-to-host-endpoints "result '$r'; $(why)" ;;
esac
case "$r" in
*"echo 4/4"*) ok sendto.host-to-remote-address ;;
*) fail sendto.host-to-remote-address "result '$r'; $(why)" ;;
esac
case "$r" in
*"bad 0") ok sendto.nothing-misdelivered ;;
*) fail sendto.nothing-misdelivered "result '$r'" ;;
esac
# The remote saw one request on its sendto service, four on its echo.
st=/sys/kernel/debug/amp_sim/dsp/stats
n=$(awk '$1 == "service" && $3 == "sendto" { print $5 }' "$st")
if [ "$n" = 1 ]; then ok sendto.remote-saw-request; else fail sendto.remote-saw-request "sendto service: '$n' msgs"; fi
stop dsp
wait_for 10 state_is dsp offline
check sendto.unload rmmod amp_rpmsg_server
