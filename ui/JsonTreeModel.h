#pragma once

#include <QAbstractItemModel>
#include <QJsonDocument>

#include <memory>

/// A JSON document as a tree: one row per object member or array element, columns Key, Type, Value.
/// Children are made when first asked for, so setting a large document is cheap and only what the
/// user expands costs anything.
class JsonTreeModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Column { Key, Type, Value, ColumnCount };
    enum Role {
        PathRole = Qt::UserRole + 1, ///< the node's path, as path()
        CopyTextRole, ///< the node's value as text to copy, as copyText()
    };

    explicit JsonTreeModel(QObject* parent = nullptr);
    ~JsonTreeModel() override;

    /// Shows @p document (an object or array); a null document empties the model.
    void setDocument(const QJsonDocument& document);
    void clear();

    /// Where the node sits, as a script would reach it: `data.items[2].amount`, `data["weird key"]`.
    QString path(const QModelIndex& index) const;
    /// The value to copy: a string as it is (unquoted), a number or literal as in JSON, objects and
    /// arrays as indented JSON.
    QString copyText(const QModelIndex& index) const;
    /// `key` when it is a plain identifier, else `["key"]`, quoted and escaped as JSON.
    static QString keySegment(const QString& key, bool first);

    QModelIndex index(int row, int column, const QModelIndex& parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;

private:
    struct Node;
    Node* nodeFor(const QModelIndex& index) const;
    static void makeChildren(Node* node);

    std::unique_ptr<Node> m_root;
};
