#include "AppSettings.h"

#include "EventStore.h"

#include <QSettings>

namespace {

const QString AddressKey = QStringLiteral("capture/address");
const QString PortKey = QStringLiteral("capture/port");
const QString MaxBodyKey = QStringLiteral("capture/maxBodyBytes");
const QString TlsCertificateKey = QStringLiteral("capture/tlsCertificate");
const QString TlsKeyKey = QStringLiteral("capture/tlsKey");
const QString DatabaseKey = QStringLiteral("history/path");
const QString KeepEventsKey = QStringLiteral("retention/keepEvents");
const QString KeepDaysKey = QStringLiteral("retention/keepDays");

template<typename T> T field(const T& shown, const T& chosen, const T& saved)
{
    return shown == chosen ? saved : chosen;
}

} // namespace

AppSettings AppSettings::load()
{
    const QSettings settings;
    AppSettings loaded;
    const QHostAddress address(settings.value(AddressKey).toString());
    if (!address.isNull()) {
        loaded.bindAddress = address;
    }
    bool ok = false;
    const uint port = settings.value(PortKey).toUInt(&ok);
    if (ok && port <= 65535) {
        loaded.port = static_cast<quint16>(port);
    }
    const qint64 maxBody = settings.value(MaxBodyKey).toLongLong(&ok);
    if (ok && maxBody > 0) {
        loaded.maxBodyBytes = maxBody;
    }
    loaded.tlsCertificatePath = settings.value(TlsCertificateKey).toString();
    loaded.tlsKeyPath = settings.value(TlsKeyKey).toString();
    loaded.databasePath = settings.value(DatabaseKey).toString();
    if (loaded.databasePath.isEmpty()) {
        loaded.databasePath = EventStore::defaultPath();
    }
    loaded.retention.keepEvents = std::max<qint64>(0, settings.value(KeepEventsKey).toLongLong());
    loaded.retention.keepDays = std::max(0, settings.value(KeepDaysKey).toInt());
    return loaded;
}

void AppSettings::save() const
{
    QSettings settings;
    settings.setValue(AddressKey, bindAddress.toString());
    settings.setValue(PortKey, port);
    settings.setValue(MaxBodyKey, maxBodyBytes);
    settings.setValue(TlsCertificateKey, tlsCertificatePath);
    settings.setValue(TlsKeyKey, tlsKeyPath);
    // The default location is not written down, so that it can still move with the platform's.
    if (databasePath.isEmpty() || databasePath == EventStore::defaultPath()) {
        settings.remove(DatabaseKey);
    } else {
        settings.setValue(DatabaseKey, databasePath);
    }
    settings.setValue(KeepEventsKey, retention.keepEvents);
    settings.setValue(KeepDaysKey, retention.keepDays);
}

ServerConfig AppSettings::serverConfig(ServerConfig base) const
{
    base.address = bindAddress;
    base.port = port;
    base.limits.maxBodyBytes = maxBodyBytes;
    base.tlsCertificatePath = tlsCertificatePath;
    base.tlsKeyPath = tlsKeyPath;
    return base;
}

AppSettings AppSettings::withChanges(const AppSettings& shown, const AppSettings& chosen) const
{
    AppSettings merged;
    merged.bindAddress = field(shown.bindAddress, chosen.bindAddress, bindAddress);
    merged.port = field(shown.port, chosen.port, port);
    merged.maxBodyBytes = field(shown.maxBodyBytes, chosen.maxBodyBytes, maxBodyBytes);
    merged.tlsCertificatePath = field(shown.tlsCertificatePath, chosen.tlsCertificatePath, tlsCertificatePath);
    merged.tlsKeyPath = field(shown.tlsKeyPath, chosen.tlsKeyPath, tlsKeyPath);
    merged.databasePath = field(shown.databasePath, chosen.databasePath, databasePath);
    merged.retention = field(shown.retention, chosen.retention, retention);
    return merged;
}

bool AppSettings::operator==(const AppSettings& other) const
{
    return bindAddress == other.bindAddress && port == other.port && maxBodyBytes == other.maxBodyBytes
        && tlsCertificatePath == other.tlsCertificatePath && tlsKeyPath == other.tlsKeyPath
        && databasePath == other.databasePath && retention == other.retention;
}
