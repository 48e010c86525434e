#include "CaptureWarnings.h"

#include "CaptureServer.h"

#include <QLabel>
#include <QVBoxLayout>

namespace {

QLabel* warningLabel(const QString& objectName, const QString& colour, QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setTextFormat(Qt::PlainText); // the texts hold paths and SQLite's words
    label->setWordWrap(true);
    label->setStyleSheet(QStringLiteral("color: %1; font-weight: bold;").arg(colour));
    label->hide();
    return label;
}

} // namespace

CaptureWarnings::CaptureWarnings(CaptureServer* server, QWidget* parent)
    : QWidget(parent)
    , m_server(server)
    , m_exposure(warningLabel(QStringLiteral("exposureWarningLabel"), QStringLiteral("#a15c00"), this))
    , m_storeFailed(warningLabel(QStringLiteral("storeFailedLabel"), QStringLiteral("#b00020"), this))
{
    setObjectName(QStringLiteral("captureWarnings"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_exposure);
    layout->addWidget(m_storeFailed);
    connect(m_server, &CaptureServer::runningChanged, this, &CaptureWarnings::refresh);
    connect(m_server, &CaptureServer::storeFailed, this, &CaptureWarnings::refresh);
    connect(m_server, &CaptureServer::storeRecovered, this, &CaptureWarnings::refresh);
    refresh();
}

void CaptureWarnings::refresh()
{
    const bool running = m_server->isRunning();
    const bool exposed = running && m_server->listensBeyondLoopback();
    m_exposure->setText(tr("Listening on %1, beyond this computer: anyone on your network can post to this endpoint, "
                           "and everything posted is stored in your history. Settings: 127.0.0.1 keeps it to this "
                           "computer.")
                            .arg(m_server->address().toString()));
    m_exposure->setVisible(exposed);
    const bool failing = running && m_server->isStoreFailing();
    m_storeFailed->setText(tr("The history can't be written: %1. Requests are answered 503 (not stored, so senders "
                              "retry) until it can; everything stored so far is kept.")
                               .arg(m_server->storeError()));
    m_storeFailed->setVisible(failing);
    setVisible(exposed || failing);
}
