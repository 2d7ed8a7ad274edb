# The models image: the folder deploy/models.sh laid out, copied into each pod's models volume by an init
# container (deploy/k8s/base). Versioned by its tag, so a model change is a rollout.
#   deploy/models.sh models --model runs/mine/model.onnx
#   docker build -f deploy/models.Dockerfile -t siamese-models:mine models
FROM busybox:1.36.1
COPY . /models/
