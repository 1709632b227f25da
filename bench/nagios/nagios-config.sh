#!/usr/bin/env bash
# Writes a Nagios 4 configuration for the side-by-side benchmark into folder $1: N services ($3) of one host,
# each running plugin $2 (dummy|load) every second (interval_length=1), with every check result appended to
# perf.log (start second, service, latency, execution time, state). Nothing notifies, nothing else is checked.
set -euo pipefail
D=$1 PLUGIN=$2 N=$3
P=/usr/lib/nagios/plugins
case "$PLUGIN" in
    dummy) LINE="$P/check_dummy 0 ok" ;;
    load) LINE="$P/check_load -w 1000,1000,1000 -c 2000,2000,2000" ;;
    *) echo "plugin is dummy or load" >&2; exit 2 ;;
esac
mkdir -p "$D/checkresults" "$D/tmp"
cat > "$D/nagios.cfg" <<CFG
log_file=$D/nagios.log
cfg_file=$D/objects.cfg
object_cache_file=$D/objects.cache
precached_object_file=$D/objects.precache
resource_file=$D/resource.cfg
status_file=$D/status.dat
status_update_interval=10
nagios_user=nagios
nagios_group=nagios
lock_file=$D/nagios.lock
temp_file=$D/nagios.tmp
temp_path=$D/tmp
check_result_path=$D/checkresults
check_external_commands=0
command_file=$D/nagios.cmd
query_socket=$D/nagios.qh
retain_state_information=0
state_retention_file=$D/retention.dat
use_syslog=0
log_notifications=0
log_service_retries=0
log_host_retries=0
log_event_handlers=0
log_initial_states=0
log_current_states=0
log_passive_checks=0
# 1 s time unit: check_interval 1 means every second.
interval_length=1
max_concurrent_checks=0
check_result_reaper_frequency=1
max_check_result_reaper_time=1
service_inter_check_delay_method=s
max_service_check_spread=1
service_interleave_factor=s
execute_service_checks=1
execute_host_checks=0
accept_passive_service_checks=0
accept_passive_host_checks=0
enable_notifications=0
enable_event_handlers=0
enable_flap_detection=0
check_for_orphaned_services=0
check_service_freshness=0
check_host_freshness=0
obsess_over_services=0
obsess_over_hosts=0
auto_reschedule_checks=0
service_check_timeout=60
# The Nagios performance tuning advice: no environment macros, large installation tweaks.
enable_environment_macros=0
use_large_installation_tweaks=1
# Every check result to a file: its start second, latency and execution time (the measurement of this bench).
process_performance_data=1
service_perfdata_file=$D/perf.log
service_perfdata_file_template=\$LASTSERVICECHECK\$\t\$SERVICEDESC\$\t\$SERVICELATENCY\$\t\$SERVICEEXECUTIONTIME\$\t\$SERVICESTATE\$
service_perfdata_file_mode=a
service_perfdata_file_processing_interval=0
debug_level=0
debug_file=$D/debug.log
illegal_macro_output_chars=\`~\$&|'"<>
CFG
: > "$D/resource.cfg"
{
    cat <<OBJ
define timeperiod {
    timeperiod_name 24x7
    alias 24x7
    sunday 00:00-24:00
    monday 00:00-24:00
    tuesday 00:00-24:00
    wednesday 00:00-24:00
    thursday 00:00-24:00
    friday 00:00-24:00
    saturday 00:00-24:00
}
define command {
    command_name bench_check
    command_line $LINE
}
define command {
    command_name bench_true
    command_line $P/check_dummy 0
}
define contact {
    contact_name nobody
    host_notifications_enabled 0
    service_notifications_enabled 0
    host_notification_period 24x7
    service_notification_period 24x7
    host_notification_options n
    service_notification_options n
    host_notification_commands bench_true
    service_notification_commands bench_true
}
define host {
    host_name h0
    address 127.0.0.1
    check_command bench_true
    active_checks_enabled 0
    max_check_attempts 1
    check_period 24x7
    notifications_enabled 0
    notification_period 24x7
    notification_interval 0
    contacts nobody
}
define service {
    name bench
    register 0
    host_name h0
    check_command bench_check
    check_interval 1
    retry_interval 1
    max_check_attempts 1
    check_period 24x7
    active_checks_enabled 1
    passive_checks_enabled 0
    notifications_enabled 0
    notification_period 24x7
    notification_interval 0
    contacts nobody
    process_perf_data 1
    flap_detection_enabled 0
}
OBJ
    for ((i = 0; i < N; i++)); do
        printf 'define service {\n    use bench\n    service_description s%d\n}\n' "$i"
    done
} > "$D/objects.cfg"
chown -R nagios:nagios "$D"
