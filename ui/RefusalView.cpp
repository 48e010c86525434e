#include "RefusalView.h"

#include "CaptureServer.h"
#include "RefusalDialog.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QTextDocument>
#include <QToolButton>

RefusalView::RefusalView(CaptureServer* server, QWidget* parent)
    : QWidget(parent)
    , m_server(server)
    , m_button(new QToolButton(this))
{
    setObjectName(QStringLiteral("refusalView"));
    m_button->setObjectName(QStringLiteral("refusedButton"));
    m_button->setAutoRaise(true);
    m_button->setStyleSheet(QStringLiteral("color: #a15c00; font-weight: bold;"));
    m_button->hide();
    // Hidden inside a layout of its own: a toolbar shows or hides its widgets only through their actions.
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_button);
    connect(m_button, &QToolButton::clicked, this, &RefusalView::showList);
    connect(m_server, &CaptureServer::requestsRefused, this, &RefusalView::refresh);
    refresh();
}

QString RefusalView::toolTipText() const
{
    const QList<Refusal>& recent = m_server->refusals().recent();
    QStringList lines;
    lines.append(tr("Requests answered with an error and not stored (click to list them):"));
    for (qsizetype i = recent.size() - 1; i >= 0 && i >= recent.size() - ToolTipRefusals; --i) {
        const QString time = QDateTime::fromMSecsSinceEpoch(recent.at(i).atMs).toString(QStringLiteral("HH:mm:ss"));
        lines.append(QStringLiteral("%1  %2").arg(time, recent.at(i).toLine()));
    }
    return lines.join(QLatin1Char('\n'));
}

void RefusalView::refresh()
{
    const quint64 total = m_server->refusals().total();
    m_button->setVisible(total > 0);
    if (total == 0) {
        return;
    }
    m_button->setText(tr("refused %1").arg(total));
    // Tooltips render rich text when it looks like it; targets and reasons come from the sender,
    // so the text is escaped into rich text that shows it literally.
    m_button->setToolTip(Qt::convertFromPlainText(toolTipText(), Qt::WhiteSpaceNoWrap));
}

void RefusalView::showList()
{
    if (!m_dialog) {
        m_dialog = new RefusalDialog(m_server, window());
        m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_dialog->show();
    m_dialog->raise();
    m_dialog->activateWindow();
}
