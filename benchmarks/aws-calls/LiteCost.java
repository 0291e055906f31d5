import java.net.*;
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.*;
import java.time.format.DateTimeFormatter;
import java.util.*;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import com.fasterxml.jackson.databind.*;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
public class LiteCost {
  static final String AK=System.getenv("AWS_ACCESS_KEY_ID"), SK=System.getenv("AWS_SECRET_ACCESS_KEY"), REGION=System.getenv("AWS_REGION");
  static byte[] hmac(byte[] k,String d) throws Exception { Mac m=Mac.getInstance("HmacSHA256"); m.init(new SecretKeySpec(k,"HmacSHA256")); return m.doFinal(d.getBytes(StandardCharsets.UTF_8)); }
  static String hex(byte[] b){ return HexFormat.of().formatHex(b);} 
  static String sha(byte[] b) throws Exception { return hex(MessageDigest.getInstance("SHA-256").digest(b)); }
  static byte[] call(String method,String base,String path,String service,Map<String,String> hdr,byte[] body) throws Exception {
    URI u=URI.create(base+path);
    String amz=DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").format(ZonedDateTime.now(ZoneOffset.UTC));
    String date=amz.substring(0,8);
    TreeMap<String,String> h=new TreeMap<>(); hdr.forEach((k,v)->h.put(k.toLowerCase(Locale.ROOT),v));
    h.put("host",u.getHost()+(u.getPort()>0?":"+u.getPort():"")); h.put("x-amz-date",amz);
    String ph=sha(body); h.put("x-amz-content-sha256",ph);
    StringBuilder ch=new StringBuilder(); h.forEach((k,v)->ch.append(k).append(':').append(v.trim()).append('\n'));
    String signed=String.join(";",h.keySet());
    String creq=method+"\n"+u.getRawPath()+"\n\n"+ch+"\n"+signed+"\n"+ph;
    String scope=date+"/"+REGION+"/"+service+"/aws4_request";
    String sts="AWS4-HMAC-SHA256\n"+amz+"\n"+scope+"\n"+sha(creq.getBytes(StandardCharsets.UTF_8));
    byte[] k=hmac(hmac(hmac(hmac(("AWS4"+SK).getBytes(),date),REGION),service),"aws4_request");
    String auth="AWS4-HMAC-SHA256 Credential="+AK+"/"+scope+", SignedHeaders="+signed+", Signature="+hex(hmac(k,sts));
    HttpURLConnection c=(HttpURLConnection)u.toURL().openConnection();
    c.setRequestMethod(method); c.setConnectTimeout(3000); c.setReadTimeout(3000);
    h.forEach((kk,v)->{ if(!kk.equals("host")) c.setRequestProperty(kk,v);}); c.setRequestProperty("Authorization",auth);
    if (body.length>0){ c.setDoOutput(true); c.setFixedLengthStreamingMode(body.length); try(var o=c.getOutputStream()){o.write(body);} }
    int code=c.getResponseCode();
    try (InputStream in = code>=400? c.getErrorStream(): c.getInputStream()) { byte[] r=in.readAllBytes(); if(code>=400) throw new IOException(code+" "+new String(r)); return r; }
  }
  public static void main(String[] a) throws Exception {
    long t0=System.nanoTime();
    ObjectMapper M=new ObjectMapper(); M.readTree("{\"a\":[1]}"); M.writeValueAsBytes(M.createObjectNode().put("a",1));
    long ta=System.nanoTime(); AttributeValue.fromS("x"); long tb=System.nanoTime(); call("GET","http://127.0.0.1:" + System.getenv().getOrDefault("PORT", "5123"),"/models/iris/1.1.0/model.onnx","s3",Map.of(),new byte[0]); long tc=System.nanoTime();
    System.out.printf("jackson %.0f attrvalue %.0f firstcall %.0f%n",(ta-t0)/1e6,(tb-ta)/1e6,(tc-tb)/1e6); t0=System.nanoTime();
    String ep="http://127.0.0.1:" + System.getenv().getOrDefault("PORT", "5123");
    int n=0;
    for (String kind: List.of("endpoint","version","alias")) {
      var req=M.createObjectNode(); req.put("TableName","reg"); req.put("IndexName","kind-index"); req.put("KeyConditionExpression","#k = :k");
      req.putObject("ExpressionAttributeNames").put("#k","kind"); req.putObject("ExpressionAttributeValues").putObject(":k").put("S",kind);
      byte[] r=call("POST",ep,"/","dynamodb",Map.of("Content-Type","application/x-amz-json-1.0","X-Amz-Target","DynamoDB_20120810.Query"),M.writeValueAsBytes(req));
      for (JsonNode it: M.readTree(r).path("Items")) { Map<String,AttributeValue> m=new HashMap<>(); it.properties().forEach(e->m.put(e.getKey(),AttributeValue.fromS(e.getValue().toString()))); n++; }
    }
    long t2=System.nanoTime();
    byte[] b=call("GET",ep,"/models/iris/1.1.0/model.onnx","s3",Map.of(),new byte[0]);
    long t4=System.nanoTime();
    byte[] s=call("POST",ep,"/","secretsmanager",Map.of("Content-Type","application/x-amz-json-1.1","X-Amz-Target","secretsmanager.GetSecretValue"),"{\"SecretId\":\"keys\"}".getBytes());
    String v=M.readTree(s).path("SecretString").asText();
    long t5=System.nanoTime();
    System.out.printf("ddb %.0f | s3 %.0f | sm %.0f | total %.0f ms (%d items, %d bytes, %s)%n",(t2-t0)/1e6,(t4-t2)/1e6,(t5-t4)/1e6,(t5-t0)/1e6,n,b.length,v);
  }
}
