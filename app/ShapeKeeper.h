#pragma once

#include <QObject>
#include <QString>
#include <QThread>

#include <memory>

class DriftCheck;
class QTimer;

/**
 * @brief Keeps a DriftCheck's learned shapes in a history: loads them when the history is opened,
 * and saves what the check learns (or the user accepts) every SaveIntervalMs, on a thread of its
 * own through its own connection, so that neither the capture nor the caller's thread ever writes
 * or waits for the history's write lock (except in open() and on destruction, which save at once).
 */
class ShapeKeeper : public QObject
{
    Q_OBJECT

public:
    static constexpr int SaveIntervalMs = 1000;

    explicit ShapeKeeper(std::shared_ptr<DriftCheck> drift, QObject* parent = nullptr);
    /// Saves what is still unsaved, then ends its thread.
    ~ShapeKeeper() override;

    /// Saves what was learned into the history open so far, then loads the shapes of the history
    /// at @p dbPath (which must exist) into the check, replacing what it held, unless the check
    /// holds that history's shapes already (load()). False with errorString() when they can't be
    /// read: the check then starts from nothing.
    bool open(const QString& dbPath);
    /// Loads the shapes of the history at @p dbPath (which must exist) into @p drift, replacing what
    /// it held. False, with @p error (when given), when they can't be read: @p drift then holds none.
    static bool load(DriftCheck& drift, const QString& dbPath, QString* error = nullptr);
    QString databasePath() const { return m_dbPath; }
    QString errorString() const { return m_error; }
    const std::shared_ptr<DriftCheck>& drift() const { return m_drift; }
    /// Saves what was learned since the last save, and waits until it is written.
    bool saveNow();

signals:
    /// Saving into the history failed (it goes on trying with what is learned next).
    void saveFailed(const QString& error);

private:
    /// Posts what was learned since the last save to the saving thread; @p wait: until written.
    bool save(bool wait);

    std::shared_ptr<DriftCheck> m_drift;
    QThread m_thread;
    QObject* m_saver; ///< lives on m_thread; holds the saving connection
    QTimer* m_timer;
    QString m_dbPath;
    QString m_error;
};
