#include "DeliveryAnswerView.h"

#include "CopiesView.h"
#include "Delivery.h"
#include "DeliveryListModel.h"
#include "DetailPane.h"
#include "NdjsonRecord.h"

DeliveryAnswerView::DeliveryAnswerView(QWidget* parent)
    : QPlainTextEdit(parent)
{
    setObjectName(QStringLiteral("deliveryAnswerTextEdit"));
    setReadOnly(true);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    QFont mono = font();
    mono.setFamily(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::TypeWriter);
    setFont(mono);
}

void DeliveryAnswerView::setDelivery(const Delivery& delivery)
{
    setPlainText(text(delivery));
}

void DeliveryAnswerView::showMessage(const QString& message)
{
    setPlainText(message);
}

QString DeliveryAnswerView::text(const Delivery& d)
{
    QString out = tr("#%1 %2 %3").arg(d.eventId).arg(QString::fromLatin1(d.method), d.target) + QLatin1Char('\n');
    if (d.sentAtMs > 0) {
        out += tr("Sent %1, answered in %2 ms").arg(CopiesView::timeText(d.sentAtMs)).arg(d.latencyMs)
            + QLatin1Char('\n');
    }
    if (!d.idempotencyKey.isEmpty()) {
        out += tr("Idempotency key sent: %1").arg(d.idempotencyKey) + QLatin1Char('\n');
    }
    out += QLatin1Char('\n');
    if (!d.error.isEmpty()) {
        return out + DeliveryListModel::outcomeText(d);
    }
    out += QStringLiteral("HTTP %1\n").arg(DeliveryListModel::outcomeText(d));
    for (const HttpHeader& h : d.responseHeaders) {
        out += NdjsonRecord::bytesAsText(h.name) + QStringLiteral(": ") + NdjsonRecord::bytesAsText(h.value)
            + QLatin1Char('\n');
    }
    out += QLatin1Char('\n') + (d.responseBody.isEmpty() ? tr("(empty body)") : DetailPane::bodyText(d.responseBody));
    if (d.responseTruncated) {
        out += QLatin1Char('\n')
            + tr("(the answer was longer: only its first %1 are kept)")
                  .arg(DetailPane::sizeText(Delivery::MaxResponseBody));
    }
    return out;
}
