#include "ClientStream.h"

#include <QHostAddress>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

QString ClientStream::peerOf(qintptr fd)
{
    sockaddr_storage address = {};
    socklen_t length = sizeof(address);
    if (::getpeername(static_cast<int>(fd), reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        return QStringLiteral("unknown");
    }
    QHostAddress host(reinterpret_cast<const sockaddr*>(&address));
    const quint16 port = ntohs(address.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&address)->sin6_port
                                                             : reinterpret_cast<sockaddr_in*>(&address)->sin_port);
    bool mapped = false;
    const quint32 v4 = host.toIPv4Address(&mapped);
    if (mapped) {
        host = QHostAddress(v4);
    }
    const QString text = host.protocol() == QAbstractSocket::IPv6Protocol ? QStringLiteral("[%1]").arg(host.toString())
                                                                          : host.toString();
    return text + QLatin1Char(':') + QString::number(port);
}
