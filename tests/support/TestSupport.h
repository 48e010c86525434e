#pragma once

#include "CapturedRequest.h"
#include "StoredEvent.h"

#include <QByteArray>
#include <QByteArrayList>
#include <QString>
#include <QTemporaryDir>

/// A fresh folder for one test's history files, removed afterwards.
class TempHistory
{
public:
    TempHistory();
    QString path(const QString& name = QStringLiteral("history.sqlite")) const;
    bool isValid() const { return m_dir.isValid(); }

private:
    QTemporaryDir m_dir;
};

/// The provider's envelope, as its documentation shows it.
QByteArray providerWebhook(const QByteArray& event = "business_loans.deleted",
    const QByteArray& key = "26053e97-f78a-4d25-a519-4eed22ba5c41", const QByteArray& environment = "staging");

/// Every event of the history at @p path, oldest first, read through a connection of our own (as
/// the export and the window open it); empty, with a warning, when it can't be read.
QList<StoredEvent> storedEvents(const QString& path);

/// A fresh random UUID key, lower case, no braces.
QByteArray newKey();

/// Header fields flattened to name, value, name, value... so that lists of them compare.
QByteArrayList flatten(const HttpHeaders& headers);
