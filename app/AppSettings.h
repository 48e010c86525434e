#pragma once

#include "RetentionPolicy.h"
#include "ServerConfig.h"

#include <QHostAddress>
#include <QString>

/**
 * @brief The settings of the Settings dialog, kept between runs in QSettings (the application's
 * default location, keys under "capture/", "history/" and "retention/").
 *
 * Options given on the command line override them for one run; they are never saved from there.
 */
struct AppSettings
{
    QHostAddress bindAddress = ServerConfig().address;
    quint16 port = ServerConfig().port; ///< 0 picks a free port
    qint64 maxBodyBytes = ReaderLimits().maxBodyBytes;
    QString databasePath; ///< load() sets EventStore::defaultPath() when none was chosen
    /// HTTPS: the certificate and key files (ServerConfig's); both empty: plain HTTP.
    QString tlsCertificatePath;
    QString tlsKeyPath;
    RetentionPolicy retention;

    /// The saved settings; a value that is missing or unusable reads as its default.
    static AppSettings load();
    void save() const;

    /// @p base listening on this address and port, with this body limit.
    ServerConfig serverConfig(ServerConfig base = {}) const;
    /// These settings, with every field that differs between @p shown and @p chosen taken from
    /// @p chosen: what the dialog saves when it showed @p shown (command-line values included) and
    /// the user chose @p chosen, so a value from the command line is saved only if it was changed.
    AppSettings withChanges(const AppSettings& shown, const AppSettings& chosen) const;

    bool operator==(const AppSettings& other) const;
    bool operator!=(const AppSettings& other) const { return !(*this == other); }
};
