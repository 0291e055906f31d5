"""Seeds moto_server (http://127.0.0.1:$PORT) with what the cold-start programs read: a registry-like table with a
kind index, a 100 kB object, a secret."""
import os
import boto3

kw = dict(endpoint_url="http://127.0.0.1:" + os.environ.get("PORT", "5123"), region_name="us-east-1",
          aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret")
d = boto3.client("dynamodb", **kw)
d.create_table(TableName="reg", BillingMode="PAY_PER_REQUEST",
               KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
               AttributeDefinitions=[{"AttributeName": n, "AttributeType": "S"} for n in ("pk", "sk", "kind")],
               GlobalSecondaryIndexes=[{"IndexName": "kind-index", "Projection": {"ProjectionType": "ALL"},
                                        "KeySchema": [{"AttributeName": "kind", "KeyType": "HASH"},
                                                      {"AttributeName": "pk", "KeyType": "RANGE"}]}])
for i in range(5):
    d.put_item(TableName="reg", Item={"pk": {"S": "ep%d" % i}, "sk": {"S": "x"}, "kind": {"S": "endpoint"},
                                      "w": {"N": "10"}, "m": {"M": {"a": {"S": "b"}}}})
s = boto3.client("s3", **kw)
s.create_bucket(Bucket="models")
s.put_object(Bucket="models", Key="iris/1.1.0/model.onnx", Body=b"x" * 100000)
boto3.client("secretsmanager", **kw).create_secret(Name="keys", SecretString='{"k":"v"}')
