#pragma once

class QCommandLineParser;
class QString;
struct ServerConfig;

/**
 * The signature-check options of `hookscope serve` and `hookscope forward` (--verify,
 * --verify-header, --verify-encoding, --verify-path, --verify-status). The secret never comes from
 * the command line, where other users' `ps` would see it: it is read from the environment variable
 * HOOKSCOPE_VERIFY_SECRET, or else from the keychain entry "verify:<path prefix or />".
 */
class SignatureOptions
{
public:
    static void addTo(QCommandLineParser& parser);
    /// Sets @p config's signature check when --verify is given; false with a one-line @p error
    /// when a value is wrong or no secret can be found.
    static bool read(const QCommandLineParser& parser, ServerConfig* config, QString* error);
};
