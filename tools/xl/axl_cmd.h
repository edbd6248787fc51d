/* SPDX-License-Identifier: LGPL-2.1-only */
/* The axl command: shared declarations of its files. */
#ifndef AXL_CMD_H
#define AXL_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libaxl.h>

/* Exit codes: 0 success, 1 the job failed, 2 the command line is wrong. */
#define EXIT_JOB_FAILED 1
#define EXIT_USAGE      2

/* ---- messages (axl_logger.c) ----------------------------------------- */

/* The logger libaxl reports through: one line per message on stderr,
 * "axl: error: ..." / "axl: warning: ...". */
xentoollog_logger *axl_cmd_logger(void);
/* Raises the verbosity (each -v shows one level more). */
void axl_cmd_logger_more_verbose(void);
/* Shows messages of @level and above at least (a daemon's log). */
void axl_cmd_logger_show(xentoollog_level level);
/* With -vv: "WHAT at N ms" since the first call (step timings). */
void axl_trace(const char *what);
/* How many error lines have been printed so far. */
unsigned int axl_cmd_errors_reported(void);
void axl_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void axl_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- xl.cfg parsing (axl_parse.c) ------------------------------------ */

/*
 * Reads @path (libxlutil's xl.cfg syntax), appends the @nr_extra
 * "KEY=VALUE" lines as xl does, and fills @cfg (initialised by the caller).
 * Unknown keys are reported as warnings.  Returns 0, or -1 after printing
 * one error line.
 */
int axl_parse_config(const char *path, char *const *extra, int nr_extra,
                     axl_domain_config *cfg);
/* Parses one extended-region setting (@key = ext_regions...) from @value
 * into @ext; errors name @label.  Returns 0, or -1 after one error line. */
int axl_ext_setting(const char *label, const char *key, const char *value,
                    axl_ext_config *ext);
/* The same from text in memory; @source names it in messages. */
int axl_parse_config_data(const char *source, const char *data, size_t len,
                          axl_domain_config *cfg);
/* With @create, a key axl does not implement is an error (axl create);
 * else a warning (dry runs, the default). */
void axl_parse_for_create(bool create);

/* ---- output (axl_output.c) ------------------------------------------- */

/*
 * Writes @len bytes to @path all or nothing: into a temporary file beside
 * it, renamed over @path only when complete.  "-" means stdout.
 * Returns 0, or -1 after printing one error line.
 */
int axl_write_file_atomic(const char *path, const void *data, size_t len);
/* Converts a DTB to DTS text with dtc, written the same way. */
int axl_write_dts_atomic(const char *path, const void *dtb, size_t len);

/* ---- commands -------------------------------------------------------- */

int axl_cmd_dt(int argc, char **argv);
int axl_cmd_memmap(int argc, char **argv);
int axl_cmd_dtcheck(int argc, char **argv);
int axl_cmd_create(int argc, char **argv);
int axl_cmd_list(int argc, char **argv);
int axl_cmd_destroy(int argc, char **argv);
int axl_cmd_shutdown(int argc, char **argv);
int axl_cmd_reboot(int argc, char **argv);
int axl_cmd_pause(int argc, char **argv);
int axl_cmd_unpause(int argc, char **argv);
int axl_cmd_console(int argc, char **argv);
int axl_cmd_info(int argc, char **argv);
int axl_cmd_dmesg(int argc, char **argv);
/* axl_cmd_devices.c */
int axl_cmd_block_list(int argc, char **argv);
int axl_cmd_block_attach(int argc, char **argv);
int axl_cmd_block_detach(int argc, char **argv);
int axl_cmd_network_list(int argc, char **argv);
int axl_cmd_network_attach(int argc, char **argv);
int axl_cmd_network_detach(int argc, char **argv);

/* The memory-map table of axl memmap (axl_cmd_memmap.c). */
void axl_print_memmap(const char *name, unsigned int bits,
                      const axl_guest *g);

/* ---- running domains (axl_cmd_domain.c, axl_monitor.c) --------------- */

/* Replaces the process with xenconsole attached to @domid's PV console
 * (or its vpl011 with @vuart); returns an exit code only on failure. */
int axl_console_exec(uint32_t domid, bool vuart);
/* Starts the daemon that waits for @domid to shut down and carries out
 * @cfg's on_poweroff / on_reboot / on_crash; returns 0 or -1. */
int axl_monitor_start(const axl_domain_config *cfg, uint32_t domid);
/* The same with the log directory and the way to open the host given
 * (tests); returns 0 only once the daemon has opened its host. */
typedef int axl_host_open_fn(axl_ctx *ctx, axl_host **host_r);
int axl_monitor_spawn(const axl_domain_config *cfg, uint32_t domid,
                      const char *log_dir, axl_host_open_fn *open_host);

/* ---- daemons (axl_daemon.c) ------------------------------------------ */

/*
 * Starts @body(@arg) as a daemon whose output goes to @log_dir/@log_file
 * (appended; /dev/null when it cannot be opened or @log_file is not a
 * plain file name).  @body must call axl_daemon_started() once it knows
 * whether it can run; axl_daemon_spawn returns 0 only when it said yes.
 */
typedef void axl_daemon_fn(void *arg);
int axl_daemon_spawn(const char *log_dir, const char *log_file,
                     axl_daemon_fn *body, void *arg);
void axl_daemon_started(bool ok);

/* axl devd (axl_cmd_devd.c). */
int axl_cmd_devd(int argc, char **argv);

/* ---- shared option handling (axl_options.c) -------------------------- */

/* Parsers of option values; each prints one error line on failure. */
int axl_opt_gpaddr_bits(const char *s, unsigned int *bits_r);
int axl_opt_xen_version(const char *s, unsigned int *maj_r,
                        unsigned int *min_r);
int axl_opt_seed(const char *s, uint64_t *seed_r);

/* Config settings from options, appended after the user's KEY=VALUE
 * ones (so they win, the last assignment of a key being the one used). */
typedef struct axl_settings {
    char **v;
    int nr;
} axl_settings;

void axl_settings_dispose(axl_settings *s);

/* The extended-region options every command that builds a guest takes. */
enum {
    OPT_EXT_REGIONS = 512,
    OPT_EXT_MIN_SIZE,
    OPT_EXT_ALIGN,
    OPT_EXT_MAX,
    OPT_EXT_LIMIT,
    OPT_EXT_SIZE,
    OPT_EXT_REQUIRE,
};
#define AXL_EXT_LONG_OPTIONS \
    { "ext-regions",          required_argument, NULL, OPT_EXT_REGIONS }, \
    { "ext-regions-min-size", required_argument, NULL, OPT_EXT_MIN_SIZE }, \
    { "ext-regions-align",    required_argument, NULL, OPT_EXT_ALIGN },    \
    { "ext-regions-max",      required_argument, NULL, OPT_EXT_MAX },      \
    { "ext-regions-limit",    required_argument, NULL, OPT_EXT_LIMIT },    \
    { "ext-regions-size",     required_argument, NULL, OPT_EXT_SIZE },     \
    { "ext-regions-require",  required_argument, NULL, OPT_EXT_REQUIRE }
#define AXL_EXT_USAGE \
    "       [--ext-regions ram|holes|none] [--ext-regions-min-size SIZE]\n" \
    "       [--ext-regions-align SIZE] [--ext-regions-max N]\n" \
    "       [--ext-regions-limit ADDR] [--ext-regions-size SIZE]\n" \
    "       [--ext-regions-require SIZE]"

/* If @opt is one of the OPT_EXT_* options, appends its setting to @s and
 * returns 1 (or -1 after an error line); returns 0 for other options. */
int axl_opt_ext(int opt, const char *arg, axl_settings *s);
/* Prints the error line for getopt's '?' or ':' and returns EXIT_USAGE. */
int axl_opt_bad(const char *cmd, int c, char **argv);
/* The rest of a command's getopt switch: an extended-region option is
 * appended to @s (0), anything else is a usage error (printed, EXIT_USAGE). */
int axl_opt_other(const char *cmd, int c, char **argv, axl_settings *s);

/* Parses CONFIG [KEY=VALUE...] (argv[optind..]) followed by @settings
 * into @cfg; returns 0 or an exit code after printing the error. */
int axl_parse_from_args(int argc, char **argv, int optind_,
                        const axl_settings *settings, axl_domain_config *cfg);

/*
 * Parses CONFIG [KEY=VALUE...] (argv[optind..]) followed by @settings into
 * @cfg and builds the guest; returns 0 or an exit code after printing the
 * error.
 */
int axl_build_from_args(int argc, char **argv, int optind_,
                        const axl_settings *settings,
                        const axl_build_options *opts,
                        axl_domain_config *cfg, axl_ctx **ctx_r,
                        axl_guest **guest_r);

#endif /* AXL_CMD_H */
